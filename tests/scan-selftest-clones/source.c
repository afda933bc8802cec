// A test source for the clone-name self-test of scan_artefacts.py: the scan
// needs one secret to look for. SECRET: tok_CloneSelftest0123456789abcdef
