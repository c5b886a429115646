from kzreport.cli import main

raise SystemExit(main())
