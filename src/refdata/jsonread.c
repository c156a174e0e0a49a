/* jsonread.c - JSON values read with jansson; see jsonread.h. */
#include "jsonread.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* An fl_json is a json_t seen through an opaque name, so no caller names jansson. */
static const json_t *J(const fl_json *v)
{
    return (const json_t *)v;
}

fl_json *fl_json_parse(const char *text, size_t len, char *msg, size_t msgcap, int *column)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (root)
        return (fl_json *)root;
    if (json_error_code(&err) == json_error_out_of_memory) {
        snprintf(msg, msgcap, "out of memory");
        *column = 0;
    } else {
        snprintf(msg, msgcap, "%s", err.text);
        /* one line of text: jansson's column is the byte column on it */
        *column = err.column > 0 ? err.column : 1;
    }
    return NULL;
}

void fl_json_free(fl_json *root)
{
    json_decref((json_t *)root);
}

const fl_json *fl_json_member(const fl_json *v, const char *key)
{
    if (!v || !json_is_object(J(v)))
        return NULL;
    return (const fl_json *)json_object_get(J(v), key);
}

const char *fl_json_str(const fl_json *v)
{
    return v && json_is_string(J(v)) ? json_string_value(J(v)) : NULL;
}

size_t fl_json_len(const fl_json *v)
{
    return v && json_is_array(J(v)) ? json_array_size(J(v)) : 0;
}

const fl_json *fl_json_at(const fl_json *v, size_t i)
{
    return i < fl_json_len(v) ? (const fl_json *)json_array_get(J(v), i) : NULL;
}

bool fl_json_is_true(const fl_json *v)
{
    return v && json_is_true(J(v));
}

bool fl_json_is_object(const fl_json *v)
{
    return v && json_is_object(J(v));
}
