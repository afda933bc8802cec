// The token the consumer's tests put in VAULT_TOKEN. Configuring with
// -DCONSUMER_VAULT_TOKEN=<value> rotates it: the inventory's end-to-end test
// (run_inventory_e2e.py) runs the tests before and after a rotation.
// SECRET: s.consumerFakeVaultToken0123456789abcdef
#ifndef CONSUMER_TOKEN_H
#define CONSUMER_TOKEN_H

#ifndef CONSUMER_VAULT_TOKEN
#define CONSUMER_VAULT_TOKEN "s.consumerFakeVaultToken0123456789abcdef"
#endif

#endif
