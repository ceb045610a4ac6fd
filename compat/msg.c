// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "compat/msg.h"

#define REPORT "Please report as much detail as possible to development team."

static const char *access_text(bool root)
{
	return root ? "access denied.  Check permissions.  Should be 600." :
		      "access denied.  You must be root to open this file.";
}

/* Texts shared by the write and socket tables. */
static const char *common_text(int err)
{
	switch (err) {
	case EUNATCH:
		return "Netlink not enabled OR KLIPS not loaded.";
	case EBUSY:
		return "KLIPS is busy.  Most likely a serious internal error occured in a previous command.  " REPORT;
	case ENOBUFS:
		return "No kernel memory to allocate SA.";
	case ESOCKTNOSUPPORT:
		return "Algorithm support not available in the kernel.  Please compile in support.";
	case EEXIST:
		return "SA already in use.  Delete old one first.";
	case ENXIO:
		return "SA does not exist.  Cannot delete.";
	default:
		return NULL;
	}
}

/* The write-error texts; spigrp kept FreeS/WAN's smaller table. */
static const char *write_text(int err, bool root, bool spigrp)
{
	const char *t = common_text(err);

	if (t)
		return t;
	switch (err) {
	case EACCES:
		return access_text(root);
	case EINVAL:
		return "Invalid argument, check kernel log messages for specifics.";
	case ENODEV:
		return "KLIPS not loaded or enabled.\nNo device?!?";
	case ENOENT:
		return spigrp ? "device does not exist.  See FreeS/WAN installation procedure." :
				"device does not exist.  See Openswan installation procedure.";
	}
	if (spigrp)
		return NULL;
	switch (err) {
	case ESRCH:
		return "SA does not exist.  Cannot delete.";
	case ENOSPC:
		return "no room in kernel SAref table.  Cannot process request.";
	case ESPIPE:
		return "kernel SAref table internal error.  Cannot process request.";
	}
	return NULL;
}

const char *msg_write_error(int err, bool root, char *buf, size_t len)
{
	const char *t = write_text(err, root, false);

	if (t)
		return t;
	snprintf(buf, len, "Unknown socket write error %d (%s).  " REPORT, err, strerror(err));
	return buf;
}

const char *msg_spigrp_write_error(int err, bool root, char *buf, size_t len)
{
	const char *t = write_text(err, root, true);

	if (t)
		return t;
	snprintf(buf, len, "Unknown socket write error %d.  " REPORT, err);
	return buf;
}

const char *msg_socket_error(int err, bool root, char *buf, size_t len)
{
	const char *t = common_text(err);

	if (t)
		return t;
	switch (err) {
	case ENOENT:
		return "device does not exist.  See Openswan installation procedure.";
	case EACCES:
		return access_text(root);
	case ENODEV:
	case EAFNOSUPPORT:
		return "KLIPS not loaded or enabled.";
	case EINVAL:
		return "Invalid argument, KLIPS not loaded or check kernel log messages for specifics.";
	}
	snprintf(buf, len, "Unknown file open error %d.  " REPORT, err);
	return buf;
}

const char *msg_eroute_write_error(int err, enum msg_eroute_kind kind, bool root,
				   char *buf, size_t len)
{
	switch (err) {
	case EINVAL:
		return "Invalid argument, check kernel log messages for specifics.";
	case ENXIO:
		if (kind == MSG_EROUTE_ADD)
			return "Invalid mask.";
		if (kind == MSG_EROUTE_DEL)
			return "Mask not found.";
		return access_text(root);	/* the original fell through */
	case EFAULT:
		if (kind == MSG_EROUTE_ADD)
			return "Invalid address.";
		if (kind == MSG_EROUTE_DEL)
			return "Address not found.";
		return access_text(root);
	case EACCES:
		return access_text(root);
	case EUNATCH:
		return "KLIPS not loaded.";
	case ENODEV:
		return "KLIPS not loaded or enabled.\nNo device?!?";
	case EEXIST:
		return "eroute already in use.  Delete old one first.";
	case ENOENT:
		return kind == MSG_EROUTE_INBOUND ? "non-existant IPIP SA." :
						    "eroute doesn't exist.  Can't delete.";
	case EBUSY:
	case ENOBUFS:
	case ESOCKTNOSUPPORT:
		return common_text(err);
	case ENOSPC:
		return "no room in kernel SAref table.  Cannot process request.";
	case ESPIPE:
		return "kernel SAref table internal error.  Cannot process request.";
	}
	snprintf(buf, len, "Unknown socket write error %d.  " REPORT, err);
	return buf;
}
