/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers' lock: one per network namespace, so that two commands that
 * change XFRM state never plan from the same snapshot. Readers (listings,
 * --explain) do not take it.
 */
#ifndef SRC_LOCK_H
#define SRC_LOCK_H

/* Wait for the lock (up to 30 s) and hold it in *fd; 0 or -errno. */
int netns_lock(int *fd);

/* Let it go (fd < 0: not held, nothing to do). */
void netns_unlock(int fd);

#endif
