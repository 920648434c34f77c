#ifndef EHBRIDGE_CYAML_SHIM_H
#define EHBRIDGE_CYAML_SHIM_H
#include <yaml.h>
#endif
