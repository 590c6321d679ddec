int installer_placeholder(void);
int installer_placeholder(void) { return 0; }
