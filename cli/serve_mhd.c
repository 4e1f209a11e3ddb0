/* serve_mhd.c — libmicrohttpd loaded when `dixit serve` starts (serve_mhd.h). */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "serve_mhd.h"

/* The library's name as the dynamic loader knows it (its soname, set by
 * CMakeLists.txt from the library found at build time), then the
 * development link, for a build whose soname could not be read. */
#ifndef DX_MHD_SONAME
#define DX_MHD_SONAME "libmicrohttpd.so.12"
#endif
static const char *const names[] = {DX_MHD_SONAME, "libmicrohttpd.so"};

srv_mhd_api srv_mhd;

/* Each pointer's type is the declared function's: a mismatch with the
 * header of the build is a compile error, not a call through the wrong
 * type.  _Generic does not evaluate its operand, so the program keeps no
 * reference to the symbols themselves. */
#define SAME_TYPE(field, fn) \
  _Static_assert(_Generic(&(fn), __typeof__(srv_mhd.field): 1, default: 0), #fn "'s type")
SAME_TYPE(start_daemon, MHD_start_daemon);
SAME_TYPE(get_daemon_info, MHD_get_daemon_info);
SAME_TYPE(quiesce_daemon, MHD_quiesce_daemon);
SAME_TYPE(stop_daemon, MHD_stop_daemon);
SAME_TYPE(lookup_connection_value, MHD_lookup_connection_value);
SAME_TYPE(create_response_from_buffer, MHD_create_response_from_buffer);
SAME_TYPE(add_response_header, MHD_add_response_header);
SAME_TYPE(queue_response, MHD_queue_response);
SAME_TYPE(destroy_response, MHD_destroy_response);

/* Stores the address of the symbol name into *slot (a function pointer's
 * storage).  POSIX guarantees that dlsym()'s object pointer converts to a
 * function pointer; memcpy says so without ISO C's complaint. */
static int bind_symbol(void *lib, const char *name, void *slot, size_t size, char *why, size_t n) {
  void *sym = dlsym(lib, name);
  if (!sym) {
    snprintf(why, n, "%s: no %s", DX_MHD_SONAME, name);
    return -1;
  }
  memcpy(slot, &sym, size);
  return 0;
}

int srv_mhd_open(char *why, size_t n) {
  void *lib = NULL;
  for (size_t i = 0; !lib && i < sizeof names / sizeof *names; i++)
    lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(why, n, "%s", dlerror());
    return -1;
  }
  srv_mhd_api api;
  struct {
    const char *name;
    void *slot;
    size_t size;
  } want[] = {
      {"MHD_start_daemon", &api.start_daemon, sizeof api.start_daemon},
      {"MHD_get_daemon_info", &api.get_daemon_info, sizeof api.get_daemon_info},
      {"MHD_quiesce_daemon", &api.quiesce_daemon, sizeof api.quiesce_daemon},
      {"MHD_stop_daemon", &api.stop_daemon, sizeof api.stop_daemon},
      {"MHD_lookup_connection_value", &api.lookup_connection_value,
       sizeof api.lookup_connection_value},
      {"MHD_create_response_from_buffer", &api.create_response_from_buffer,
       sizeof api.create_response_from_buffer},
      {"MHD_add_response_header", &api.add_response_header, sizeof api.add_response_header},
      {"MHD_queue_response", &api.queue_response, sizeof api.queue_response},
      {"MHD_destroy_response", &api.destroy_response, sizeof api.destroy_response},
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (bind_symbol(lib, want[i].name, want[i].slot, want[i].size, why, n) != 0) {
      dlclose(lib);
      return -1;
    }
  /* the library stays loaded as long as the program: the daemon's
   * threads run in it until the end */
  srv_mhd = api;
  return 0;
}
