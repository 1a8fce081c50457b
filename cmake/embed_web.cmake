# Script mode: writes OUT, a C++ file defining pregon::http::ui::kWebFiles — every file of the
# admin UI (templates, texts, styles, scripts) by its name (see pregon_embed_web in pregon.cmake).
# FILES is "name=path|name=path|…".
set(body "")
string(REPLACE "|" ";" FILES "${FILES}")
foreach(entry ${FILES})
  string(FIND "${entry}" "=" eq)
  string(SUBSTRING "${entry}" 0 ${eq} name)
  math(EXPR from "${eq} + 1")
  string(SUBSTRING "${entry}" ${from} -1 path)
  file(READ ${path} text)
  string(FIND "${text}" ")pregon_web\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw-string delimiter )pregon_web\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"pregon_web(${text})pregon_web\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from web/; do not edit.\n#include \"http/ui/web_files.h\"\n\nnamespace pregon::http::ui {\nconst std::vector<WebFile>& WebFiles() {\n  static const std::vector<WebFile> files = {\n${body}  };\n  return files;\n}\n}  // namespace pregon::http::ui\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
