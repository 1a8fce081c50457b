# Script mode: writes OUT, a C++ file defining pregon::store::<BACKEND>::kMigrations.
set(body "")
string(REPLACE "|" ";" FILES "${FILES}")  # joined with '|' by pregon_embed_migrations
foreach(f ${FILES})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  math(EXPR version "${version}")  # "0008" as 8: a leading 0 makes a C++ octal literal
  file(READ ${f} text)
  string(APPEND body "  {${version}, \"${name}\", R\"pregon_sql(${text})pregon_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from migrations/${BACKEND}/*.sql; do not edit.\n#include \"store/common/migration.h\"\n\nnamespace pregon::store::${BACKEND} {\nextern const std::vector<Migration> kMigrations;\nconst std::vector<Migration> kMigrations = {\n${body}};\n}  // namespace pregon::store::${BACKEND}\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
