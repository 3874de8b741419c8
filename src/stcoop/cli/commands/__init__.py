"""Built-in ``stcoop`` commands, one module per job."""
