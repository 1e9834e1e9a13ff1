"""执法办案场所 (venues): CS risk points, one module each."""
