/*
 * setjmp.h for Lua 5.1.5 in WebAssembly, where wasi-libc has no setjmp. Lua uses setjmp/longjmp in one
 * place (ldo.c, luaD_rawrunprotected and luaD_throw): a protected call runs `f(L, ud)` and an error
 * jumps back to it. Here the host (JavaScript) runs `f` inside try/catch and an error throws a host
 * exception, which unwinds the WebAssembly frames in between. The macros read the names `f`, `L` and
 * `ud` of luaD_rawrunprotected, the only function that expands `setjmp`.
 */
#ifndef LUA_WASM_SETJMP_H
#define LUA_WASM_SETJMP_H

typedef int jmp_buf[1];

/* Runs f(L, ud); an error inside returns early (the status is in the lua_longjmp already). */
__attribute__((import_module("env"), import_name("protect")))
void lua_wasm_protect(void (*f)(void *, void *), void *L, void *ud);
/* Unwinds to the innermost lua_wasm_protect. */
__attribute__((import_module("env"), import_name("unwind"), noreturn))
void lua_wasm_unwind(void);

#define setjmp(b) (lua_wasm_protect((void (*)(void *, void *))f, L, ud), 1)
#define longjmp(b, v) lua_wasm_unwind()

#endif
