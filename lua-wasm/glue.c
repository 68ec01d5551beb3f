/*
 * The one thing the compiler asks of Lua 5.1.5: would Redis load this script? `check` runs
 * luaL_loadbuffer on the text, as Redis's luaCreateFunction does, and keeps Lua's message. `check_slowly` does the same with a reader that hands Lua one byte at a time, so that
 * after an error the count of bytes Lua read tells where its lexer stopped.
 */
#include <stdlib.h>
#include <string.h>
#include "lua.h"
#include "lauxlib.h"

int lua_wasm_refuse_nesting = 1;
static lua_State *state;
static char *text;
static size_t text_size;
static const char *message;
static size_t message_length;
static size_t consumed;
static int ended;

/* Room for `size` bytes (a text and its chunk name); the address, or 0 when there is no memory. */
__attribute__((export_name("text_buffer")))
char *text_buffer(size_t size) {
  if (size + 1 > text_size) {
    free(text);
    text_size = size + 1;
    text = malloc(text_size);
    if (!text) text_size = 0;
  }
  return text;
}

struct reader { size_t left; const char *at; };

static const char *one_byte(lua_State *L, void *data, size_t *size) {
  struct reader *r = data;
  (void)L;
  if (!r->left) {
    ended = 1;
    *size = 0;
    return NULL;
  }
  r->left--;
  consumed++;
  *size = 1;
  return r->at++;
}

static int finish(int status) {
  message = NULL;
  message_length = 0;
  if (status != 0) message = lua_tolstring(state, -1, &message_length);
  return status;
}

static int ready(void) {
  if (!state) state = luaL_newstate();
  if (!state) return 0;
  lua_settop(state, 0);
  return 1;
}

/*
 * 0 when Lua compiles the `length` bytes at text_buffer(), else Lua's status (message()). The chunk
 * name (Redis's "@user_script") follows the text in the buffer, NUL-terminated. `refuse_nesting`: see
 * switches.h.
 */
__attribute__((export_name("check")))
int check(size_t length, int refuse_nesting) {
  lua_wasm_refuse_nesting = refuse_nesting;
  if (!ready()) return LUA_ERRMEM;
  return finish(luaL_loadbuffer(state, text, length, text + length));
}

/*
 * check(), one byte at a time: consumed() is then how far Lua read, and ended() whether it asked for
 * more at the end (so the last byte read is not a lookahead character).
 */
__attribute__((export_name("check_slowly")))
int check_slowly(size_t length, int refuse_nesting) {
  struct reader r = { length, text };
  lua_wasm_refuse_nesting = refuse_nesting;
  if (!ready()) return LUA_ERRMEM;
  consumed = 0;
  ended = 0;
  return finish(lua_load(state, one_byte, &r, text + length));
}

__attribute__((export_name("message")))
const char *message_text(void) { return message; }

__attribute__((export_name("message_length")))
size_t message_size(void) { return message_length; }

__attribute__((export_name("consumed")))
size_t consumed_bytes(void) { return consumed; }

__attribute__((export_name("ended")))
int ended_text(void) { return ended; }
