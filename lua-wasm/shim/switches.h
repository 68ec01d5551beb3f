/*
 * What differs between the servers' Lua 5.1.5 at compile time, set before each check (glue.c). One
 * switch: whether a `[[` inside a level-0 long string or comment is an error ("nesting of [[...]] is
 * deprecated"), as in Lua 5.1.5 as released. Redis's fix for CVE-2025-46819 (2025, in every supported
 * Redis and in Debian's 7.0.15) made that check unreachable; build.sh puts this switch into it.
 */
extern int lua_wasm_refuse_nesting;
