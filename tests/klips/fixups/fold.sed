# SPDX-License-Identifier: GPL-2.0-or-later
# Folds what only the tcpdump version changes in the KLIPS test texts, on both
# sides of the comparison (the reference and today's capture text), after
# tcpdump-three-eight.sed. It keeps addresses, SPIs, sequence numbers,
# lengths, packet counts and order. The references were made with tcpdump
# 3.7 to 4.x (tests/klips/README.md, "Eras of the references").
#
# ARP: tcpdump 3.x "arp who-has A tell B"; 4.x "ARP, Request who-has A tell B,
# length 28" (the length of an Ethernet/IPv4 ARP message is always 28).
s/^ARP, Request who-has \([^ ]*\) tell \([^ ,]*\), length 28$/arp who-has \1 tell \2/
# AH: 4.x prints the ICV too, AH(spi=S,seq=N,icv=0x...); older: AH(spi=S,seq=N).
s/\(AH(spi=[^,)]*,seq=[^,)]*\),icv=0x[0-9a-f]*)/\1)/g
