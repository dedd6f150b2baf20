from penalty.cli import main

main()
