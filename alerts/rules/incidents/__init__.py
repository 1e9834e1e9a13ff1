"""警情 (incidents): JQ risk points, one module each."""
