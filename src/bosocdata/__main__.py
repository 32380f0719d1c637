from bosocdata.cli.entry import main

main()
