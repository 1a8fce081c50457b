# Script mode: writes OUT, a C++ file defining `const char* const NAMESPACE::SYMBOL` with the
# text of FILE (see pregon_embed_text in pregon.cmake).
file(READ ${FILE} text)
string(FIND "${text}" ")pregon_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${FILE} contains the raw-string delimiter )pregon_embed\"")
endif()
file(WRITE ${OUT}.tmp "// Generated from ${FILE}; do not edit.\nnamespace ${NAMESPACE} {\nextern const char* const ${SYMBOL};\nconst char* const ${SYMBOL} = R\"pregon_embed(${text})pregon_embed\";\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
