/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which paths the preload library sends to klips-procfs: the KLIPS names
 * under /proc/net, spelt as scripts spell them. Async-signal-safe: no
 * allocation, no lock, errno untouched.
 */
#ifndef PROCFS_EMU_PRELOAD_REDIRECT_H
#define PROCFS_EMU_PRELOAD_REDIRECT_H

#include <stddef.h>

#define REDIRECT_DEFAULT_DIR "/run/klips-compat/net"

/*
 * If path is one of
 *   /proc/net/ipsec...  /proc/self/net/ipsec...  /proc/thread-self/net/ipsec...
 *   /proc/PID/net/ipsec...  (PID: this process's pid, or the calling thread's id)
 * where "ipsec..." is "ipsec", "ipsec_NAME" or "ipsec/REST", write
 * dir + "/" + "ipsec..." to out and return 1. Return 0 for any other path
 * (relative ones included), -1 if the result does not fit in size bytes.
 */
int redirect_path(const char *path, const char *dir, size_t dirlen, char *out, size_t size);

/*
 * The directory the library reads from: $KLIPS_PROCDIR if it is an
 * absolute path that fits, else REDIRECT_DEFAULT_DIR; trailing slashes
 * dropped. Returns its length.
 */
size_t redirect_dir(const char *env, char *dir, size_t size);

#endif
