from coop.cli.app import main

main()
