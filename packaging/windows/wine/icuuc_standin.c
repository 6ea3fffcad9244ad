/* A stand-in for Windows' own icuuc.dll, for running the Windows build under Wine only.
 *
 * Qt 6.10+ on Windows links the ICU that Windows 10 (1903+) and 11 ship in System32; Wine 8
 * has none, so Qt6Core.dll would not load. Qt uses it only for text codecs beyond the ones it
 * has built in (UTF-8/16/32, Latin-1, the system code page): here every ICU converter "is not
 * available", which Qt handles as an unknown codec. Never shipped: test_under_wine.sh puts it
 * into the Wine prefix's system32, not into the bundle or the installer. */
#include <stddef.h>
#include <stdint.h>

typedef int32_t UErrorCode;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *status) {
  if (status != NULL && *status <= 0) *status = U_FILE_ACCESS_ERROR;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status); return NULL; }
EXPORT void ucnv_close(void *converter) { (void)converter; }
EXPORT void ucnv_reset(void *converter) { (void)converter; }
EXPORT int8_t ucnv_getMaxCharSize(const void *converter) { (void)converter; return 1; }
EXPORT const char *ucnv_getName(const void *converter, UErrorCode *status) { (void)converter; fail(status); return ""; }
EXPORT void ucnv_getToUCallBack(const void *c, void **action, const void **context) { (void)c; *action = NULL; *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **action, const void **context) { (void)c; *action = NULL; *context = NULL; }
EXPORT void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **oa, const void **oc, UErrorCode *status) { (void)c; (void)n; (void)nc; (void)oa; (void)oc; fail(status); }
EXPORT void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **oa, const void **oc, UErrorCode *status) { (void)c; (void)n; (void)nc; (void)oa; (void)oc; fail(status); }
EXPORT void ucnv_cbToUWriteUChars(void *args, const void *source, int32_t length, int32_t offset, UErrorCode *status) { (void)args; (void)source; (void)length; (void)offset; fail(status); }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const void **source, const void *limit, int32_t offset, UErrorCode *status) { (void)args; (void)source; (void)limit; (void)offset; fail(status); }
EXPORT void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *status) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(status); }
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f, UErrorCode *status) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(status); }
EXPORT int32_t ucnv_toUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) { (void)name; (void)standard; fail(status); return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
/* The substitute callbacks are only passed around by address, never called with a converter. */
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const void *u, int32_t l, int32_t cp, int r, UErrorCode *status) { (void)c; (void)a; (void)u; (void)l; (void)cp; (void)r; fail(status); }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t l, int r, UErrorCode *status) { (void)c; (void)a; (void)b; (void)l; (void)r; fail(status); }
