"""双工案例库: practice case records validated and published as a static site (see docs/architecture.md)."""
