# SPDX-License-Identifier: GPL-2.0-or-later
# Time per SA against the number of SAs, for each lister (bench/run).
#   gnuplot -e "results='bench/results'; out='bench/scaling.png'" bench/scaling.gp
if (!exists("results")) results = 'bench/results'
if (!exists("out")) out = 'bench/scaling.png'
dat = results . '/scaling.dat'

set terminal pngcairo size 960,640 font 'sans,10'
set output out
set title 'Listing SAs: time per SA (net of process start, median)'
set xlabel 'SAs in the kernel'
set ylabel 'microseconds per SA'
set logscale x
set xrange [600:160000]
set logscale y
set format x '%.0s%c'
set grid xtics ytics mytics
set key right bottom
set yrange [0.05:1000]
set datafile missing 'NaN'
plot dat using 1:6 with linespoints lw 2 title 'ip xfrm state', \
     dat using 1:7 with linespoints lw 2 title 'ip -s xfrm state', \
     dat using 1:3 with linespoints lw 2 title 'spi', \
     dat using 1:4 with linespoints lw 2 title 'ipsec spi', \
     dat using 1:5 with linespoints lw 2 title 'cat ipsec\_spi (FUSE)', \
     dat using 1:2 with linespoints lw 2 title 'bare dump (nldump)', \
     dat using 1:9 with linespoints dt 2 title 'listing\_render() in-process', \
     dat using 1:10 with linespoints dt 2 title 'FUSE read in-process', \
     dat using 1:8 with linespoints dt 2 title 'bare dump in-process'
