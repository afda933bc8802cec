// The runtime's state (self-test tree for check_layout.py).
