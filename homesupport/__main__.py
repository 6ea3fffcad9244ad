from homesupport.app import main

raise SystemExit(main())
