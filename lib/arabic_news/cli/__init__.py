"""The command line (``arabic-news``) and the report builder (``make run``): parse, call, format."""
