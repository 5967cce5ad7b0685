from coop.cli.entry import main

main()
