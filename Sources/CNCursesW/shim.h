#ifndef HOTLINE_CNCURSESW_SHIM_H
#define HOTLINE_CNCURSESW_SHIM_H
/* SwiftPM drops the cflags pkg-config gives for ncursesw, so the wide-character
   API has to be switched on here, before curses.h is read. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Macros do not reach Swift; these wrappers do. */
static inline int hotline_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int hotline_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int hotline_key_f(int n) { return KEY_F(n); }
static inline int hotline_key_resize(void) { return KEY_RESIZE; }
static inline attr_t hotline_a_bold(void) { return A_BOLD; }
static inline attr_t hotline_a_reverse(void) { return A_REVERSE; }
static inline attr_t hotline_a_underline(void) { return A_UNDERLINE; }
static inline attr_t hotline_a_dim(void) { return A_DIM; }
static inline attr_t hotline_color_pair(int n) { return COLOR_PAIR(n); }
static inline int hotline_ok(void) { return OK; }
static inline int hotline_key_code_yes(void) { return KEY_CODE_YES; }
#endif
