#ifndef EHBRIDGE_CRDKAFKA_SHIM_H
#define EHBRIDGE_CRDKAFKA_SHIM_H
// librdkafka from Debian's librdkafka-dev, including the mock cluster API used by tests and the demo.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
