#ifndef EHBRIDGE_CMICROHTTPD_SHIM_H
#define EHBRIDGE_CMICROHTTPD_SHIM_H
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stdarg.h>
#include <microhttpd.h>

// MHD_start_daemon is variadic. This wrapper starts a daemon bound to one socket address, with a
// per-connection memory limit and a connection timeout, and no other options.
static inline struct MHD_Daemon *ehb_mhd_start_daemon(unsigned int flags, uint16_t port,
    const struct sockaddr *bind_address, MHD_AccessHandlerCallback handler, void *handler_context,
    MHD_RequestCompletedCallback completed, void *completed_context,
    size_t connection_memory_limit, unsigned int connection_timeout_seconds, unsigned int thread_pool_size) {
    struct MHD_OptionItem options[] = {
        { MHD_OPTION_SOCK_ADDR, 0, (void *)bind_address },
        { MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, completed_context },
        { MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)connection_memory_limit, NULL },
        { MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)connection_timeout_seconds, NULL },
        { thread_pool_size > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)thread_pool_size, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_context,
                            MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}
#endif
