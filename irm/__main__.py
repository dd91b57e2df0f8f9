from irm.cli import main

main()
