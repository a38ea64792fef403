# Stands for a script or test that runs the slow commands of good.md.
gfsched-bench --quick --methods=list,random --csv="$out/x.csv"
