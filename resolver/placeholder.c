int resolver_placeholder(void);
int resolver_placeholder(void) { return 0; }
