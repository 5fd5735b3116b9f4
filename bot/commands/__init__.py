"""The command line (`precert-bot ask|chat|check|kb|serve`): the only rooms that wire the others."""
