/*
 * utf8.c -- UTF-8 repair, NFC normalisation with an offset map, and folding.
 *
 * Bytes are validated once, on the way in (readers, dyad_doc_parse): every
 * ill-formed sequence becomes U+FFFD, so later stages can trust the text.
 * The decoder follows the Unicode "maximal subpart" practice (Unicode 15,
 * section 3.9, U+FFFD substitution): a truncated but otherwise well-begun
 * sequence is replaced by one U+FFFD, a stray byte by one U+FFFD each.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Decodes one code point. Returns the bytes consumed (>= 1, <= len) and sets
 * *cp, or U+FFFD with *ok = false for an ill-formed maximal subpart.
 * Overlongs (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code
 * points above U+10FFFF (F4 90.., F5..FF) are ill-formed. */
static size_t decode(const unsigned char *s, size_t len, int32_t *cp, bool *ok)
{
    unsigned c = s[0];
    *ok = true;
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    size_t need;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    int32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        v = (int32_t)(c & 0x1F);
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        v = (int32_t)(c & 0x0F);
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        v = (int32_t)(c & 0x07);
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *cp = 0xFFFD;
        *ok = false;
        return 1;
    }
    size_t i = 1;
    for (; i < need; i++) {
        if (i >= len)
            break;
        unsigned b = s[i];
        unsigned l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h)
            break;
        v = (v << 6) | (int32_t)(b & 0x3F);
    }
    if (i < need) {
        *cp = 0xFFFD;
        *ok = false;
        return i; /* the maximal subpart: lead plus the valid continuations */
    }
    *cp = v;
    return need;
}

size_t dyad__utf8_next(const char *s, size_t len, int32_t *cp)
{
    bool ok;
    if (len == 0) {
        *cp = 0;
        return 0;
    }
    return decode((const unsigned char *)s, len, cp, &ok);
}

/* Length of the longest prefix that needs no repair (valid, no NUL). */
static size_t clean_prefix(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII runs dominate news text: test 8 bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            /* any byte >= 0x80, or any zero byte */
            if ((w & 0x8080808080808080ull) ||
                ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (u[i] == 0)
            return i;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        /* the well-formed two- and three-byte sequences of Latin, Greek,
         * Cyrillic and typography (é, ’, «), checked inline */
        if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if (u[i] >= 0xE1 && u[i] <= 0xEC && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        int32_t cp;
        bool ok;
        size_t n = decode(u + i, len - i, &cp, &ok);
        if (!ok)
            return i;
        i += n;
    }
    return len;
}

/* Writes the repaired form of s (from `from`) to out (may be NULL: count
 * only); returns the output length. */
static size_t repair_into(const char *s, size_t len, size_t from, char *out, size_t *repairs)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0, fixes = 0;
    if (out)
        memcpy(out, s, from);
    o = from;
    for (size_t i = from; i < len;) {
        if (u[i] == 0) {
            if (out)
                out[o] = ' ';
            o++, i++, fixes++;
            continue;
        }
        if (u[i] < 0x80) {
            if (out)
                out[o] = (char)u[i];
            o++, i++;
            continue;
        }
        int32_t cp;
        bool ok;
        size_t n = decode(u + i, len - i, &cp, &ok);
        if (ok) {
            if (out)
                memcpy(out + o, s + i, n);
            o += n;
        } else {
            if (out)
                memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            fixes++;
        }
        i += n;
    }
    if (repairs && out)
        *repairs += fixes;
    return o;
}

char *dyad__utf8_repair(dyad_arena *a, const char *s, size_t len, size_t *out_len,
                        size_t *repairs)
{
    size_t ok = clean_prefix(s, len);
    if (ok == len) {
        *out_len = len;
        return dyad__arena_strndup(a, s, len);
    }
    size_t n = repair_into(s, len, ok, NULL, NULL);
    char *out = dyad__arena_alloc(a, n + 1);
    if (!out) {
        *out_len = 0;
        return NULL;
    }
    repair_into(s, len, ok, out, repairs);
    out[n] = '\0';
    *out_len = n;
    return out;
}

void dyad__utf8_repair_buf(dyad_buf *out, const char *s, size_t len, size_t *repairs)
{
    size_t ok = clean_prefix(s, len);
    if (ok == len) {
        dyad__buf_put(out, s, len);
        return;
    }
    size_t n = repair_into(s, len, ok, NULL, NULL);
    if (!dyad__buf_reserve(out, n + 1))
        return;
    repair_into(s, len, ok, out->ptr + out->len, repairs);
    out->len += n;
    out->ptr[out->len] = '\0';
}

/* ------------------------------------------------------------------- NFC */

/* A code point that NFC leaves alone whatever surrounds it: a starter that
 * neither composes with a neighbour nor decomposes canonically. Everything
 * below U+0300 qualifies (the first combining marks start there), as do
 * most of the typographic characters of news text (’ « » – U+202F). */
static bool nfc_inert(int32_t cp)
{
    if (cp < 0x300)
        return true;
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3))
        return false; /* Hangul composes algorithmically: no table entry */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->combining_class != 0 || p->comb_index != UINT16_MAX)
        return false;
    /* compatibility decompositions are kept by NFC; canonical ones are
     * checked the slow way */
    return p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0;
}

/* The first i >= from with u[i] >= 0xCC, or len; ASCII eight bytes at a time. */
static inline size_t skip_below_cc(const unsigned char *u, size_t i, size_t len)
{
    for (;;) {
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        size_t stop = i + 8 <= len ? i + 8 : len;
        for (; i < stop; i++)
            if (u[i] >= 0xCC)
                return i;
        if (i >= len)
            return len;
    }
}

dyad_status dyad__utf8_nfc(dyad_arena *a, const char *text, size_t len, const char **norm,
                           size_t *norm_len, uint32_t **map)
{
    *norm = text;
    *norm_len = len;
    *map = NULL;
    const unsigned char *u = (const unsigned char *)text;
    /* Fast path: any byte >= 0xCC starts a code point >= U+0300. */
    size_t i = skip_below_cc(u, 0, len);
    if (i == len)
        return DYAD_OK;

    /* Slow path: find runs of non-inert code points (plus the starter before
     * them, which a combining mark may compose with) and normalise each run
     * with utf8proc; the text changes only if some run does. */
    dyad_buf out; /* built lazily, on the first changed run */
    dyad__buf_init(&out, a->mem);
    uint32_t *m = NULL;
    size_t mcap = 0, copied = 0; /* text[0..copied) is already in out */
    size_t prev = 0;             /* start of the previous code point */
    bool changed = false;
    dyad_status st = DYAD_OK;
    i = 0;
    while (i < len) {
        /* Bytes below 0xCC (ASCII, continuation bytes, leads of code points
         * below U+0300) belong to inert code points: skip them, keeping
         * `prev` at the start of the last code point skipped. */
        if (u[i] < 0xCC) {
            size_t j = skip_below_cc(u, i + 1, len);
            size_t k = j - 1;
            while (k > i && (u[k] & 0xC0) == 0x80)
                k--;
            prev = k;
            i = j;
            continue;
        }
        int32_t cp;
        size_t n = dyad__utf8_next(text + i, len - i, &cp);
        if (nfc_inert(cp)) {
            prev = i;
            i += n;
            continue;
        }
        size_t rs = i > 0 ? prev : 0, re = i + n;
        while (re < len) {
            size_t k = dyad__utf8_next(text + re, len - re, &cp);
            if (nfc_inert(cp))
                break;
            re += k;
        }
        utf8proc_uint8_t *dst = NULL;
        utf8proc_ssize_t dl = utf8proc_map(u + rs, (utf8proc_ssize_t)(re - rs), &dst,
                                           UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (dl < 0) { /* cannot happen on valid UTF-8; keep the run as is */
            free(dst);
            prev = i;
            i = re;
            continue;
        }
        if ((size_t)dl != re - rs || memcmp(dst, u + rs, (size_t)dl) != 0) {
            if (!changed) {
                changed = true;
                mcap = len + 16;
                m = dyad__arena_alloc(a, (mcap + 1) * sizeof *m);
                if (!m || !dyad__buf_reserve(&out, len + 16)) {
                    free(dst);
                    st = DYAD_ENOMEM;
                    break;
                }
            }
            /* unchanged bytes map to themselves (shifted) */
            dyad__buf_put(&out, text + copied, rs - copied);
            size_t base = out.len - (rs - copied);
            if (out.len + (size_t)dl + 1 > mcap) {
                size_t nc = (out.len + (size_t)dl + 1) * 2;
                uint32_t *nm = dyad__arena_alloc(a, (nc + 1) * sizeof *nm);
                if (!nm) {
                    free(dst);
                    st = DYAD_ENOMEM;
                    break;
                }
                memcpy(nm, m, base * sizeof *m);
                m = nm;
                mcap = nc;
            }
            for (size_t k = 0; k < rs - copied; k++)
                m[base + k] = (uint32_t)(copied + k);
            /* bytes of a rewritten run map proportionally into the original
             * run: its first byte to the run's start, so spans that begin
             * or end at a run boundary map exactly */
            size_t ob = out.len;
            dyad__buf_put(&out, (const char *)dst, (size_t)dl);
            for (size_t k = 0; k < (size_t)dl; k++)
                m[ob + k] = (uint32_t)(rs + k * (re - rs) / (size_t)dl);
            copied = re;
        }
        free(dst);
        prev = i;
        i = re;
    }
    if (st == DYAD_OK && changed) {
        size_t base = out.len;
        dyad__buf_put(&out, text + copied, len - copied);
        if (out.len + 1 > mcap) {
            uint32_t *nm = dyad__arena_alloc(a, (out.len + 1) * sizeof *nm);
            if (nm)
                memcpy(nm, m, base * sizeof *m);
            m = nm;
        }
        if (!m || out.failed) {
            st = DYAD_ENOMEM;
        } else {
            for (size_t k = 0; k < len - copied; k++)
                m[base + k] = (uint32_t)(copied + k);
            m[out.len] = (uint32_t)len;
            char *s = dyad__arena_strndup(a, out.ptr ? out.ptr : "", out.len);
            if (!s) {
                st = DYAD_ENOMEM;
            } else {
                *norm = s;
                *norm_len = out.len;
                *map = m;
            }
        }
    }
    if (out.failed)
        st = DYAD_ENOMEM;
    dyad__buf_free(&out);
    return st;
}

/* ---------------------------------------------------------------- folding */

/* Typographic characters news text uses for ASCII ones, and the ligatures
 * that casefolding keeps (œ stays œ in Unicode casefolding). */
static const char *fold_special(int32_t cp)
{
    switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x0060: case 0x2032: case 0x00B4:
        return "'";
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
        return "\"";
    case 0x2013: case 0x2014: case 0x2010: case 0x2011: case 0x2012: case 0x2212:
        return "-";
    case 0x0153: case 0x0152:
        return "oe";
    case 0x00E6: case 0x00C6:
        return "ae";
    case 0x00DF: case 0x1E9E:
        return "ss";
    case 0x00A0: case 0x202F: case 0x2009:
        return " ";
    default:
        return NULL;
    }
}

size_t dyad__fold(const char *s, size_t len, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    size_t n = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (n + 1 >= cap)
                break;
            out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c == '`' ? '\'' : c);
            i++;
            continue;
        }
        if (c == 0xC3 && i + 1 < len) {
            /* U+00C0..U+00FF: the accented Latin letters of French fold to
             * one ASCII letter (what utf8proc gives them; 0: not so) */
            static const char latin1[64] = "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0\0"
                                           "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";
            unsigned char d = (unsigned char)s[i + 1];
            if (d >= 0x80 && d <= 0xBF && latin1[d - 0x80]) {
                if (n + 1 >= cap)
                    break;
                out[n++] = latin1[d - 0x80];
                i += 2;
                continue;
            }
        }
        int32_t cp;
        size_t k = dyad__utf8_next(s + i, len - i, &cp);
        i += k;
        const char *sp = fold_special(cp);
        if (sp) {
            size_t sl = strlen(sp);
            if (n + sl >= cap)
                break;
            memcpy(out + n, sp, sl);
            n += sl;
            continue;
        }
        utf8proc_int32_t dec[8];
        int last = 0;
        utf8proc_ssize_t dn = utf8proc_decompose_char(
            cp, dec, 8, UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_DECOMPOSE, &last);
        if (dn < 0 || dn > 8) { /* cannot happen for one code point; copy it */
            dec[0] = cp;
            dn = 1;
        }
        utf8proc_uint8_t enc[4 * 8];
        size_t el = 0;
        for (utf8proc_ssize_t d = 0; d < dn; d++) {
            const char *sp2 = fold_special(dec[d]);
            if (sp2) {
                size_t sl = strlen(sp2);
                memcpy(enc + el, sp2, sl);
                el += sl;
            } else {
                el += (size_t)utf8proc_encode_char(dec[d], enc + el);
            }
        }
        if (n + el >= cap)
            break;
        memcpy(out + n, enc, el);
        n += el;
    }
    out[n] = '\0';
    return n;
}
