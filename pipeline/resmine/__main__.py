from resmine.cli import main

main()
