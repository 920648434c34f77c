#ifndef EHBRIDGE_CCRYPTO_SHIM_H
#define EHBRIDGE_CCRYPTO_SHIM_H
// OpenSSL's libcrypto: HMAC-SHA1, HMAC-SHA256, MD5 and SHA-256 for SLS request signing.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#endif
