# pregon_unity_by_folder(TARGET SOURCES...): with CMAKE_UNITY_BUILD on (the default of `make
# build`, which halves build time), the sources of one folder compile as one translation
# unit: file-local names then need only be unique within their folder (sqlite/ and
# postgres/ each keep their own helpers of the same name).
function(pregon_unity_by_folder target)
  set_target_properties(${target} PROPERTIES UNITY_BUILD_MODE GROUP)
  foreach(f ${ARGN})
    get_filename_component(dir ${f} DIRECTORY)
    file(RELATIVE_PATH group ${CMAKE_SOURCE_DIR} ${dir})
    set_source_files_properties(${f} TARGET_DIRECTORY ${target} PROPERTIES UNITY_GROUP "${group}")
  endforeach()
endfunction()

# pregon_library(NAME DIR LIBS ... [EXTRA sources...] [TEST_LIBS ...] [TEST_DEFINES ...])
# Builds every .cpp under DIR except *_test.cpp into a static library NAME. The *_test.cpp
# files beside the code become the unit-test binary NAME_tests (linked with TEST_LIBS too),
# so each concern's tests build and run on their own.
function(pregon_library name dir)
  cmake_parse_arguments(ARG "" "" "LIBS;EXTRA;TEST_LIBS;TEST_DEFINES" ${ARGN})
  file(GLOB_RECURSE all CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${dir}/*.cpp)
  set(srcs)
  set(tests)
  foreach(f ${all})
    if(f MATCHES "_test\\.cpp$")
      list(APPEND tests ${f})
    else()
      list(APPEND srcs ${f})
    endif()
  endforeach()
  if(NOT srcs AND NOT ARG_EXTRA)
    message(FATAL_ERROR "${dir} has no sources")
  endif()
  add_library(${name} STATIC ${srcs} ${ARG_EXTRA})
  pregon_unity_by_folder(${name} ${srcs})
  target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_LIBS} Threads::Threads)
  # Sources generated at build time (embedded migrations) need their include path too.
  target_include_directories(${name} PRIVATE ${CMAKE_BINARY_DIR}/generated)
  if(PREGON_TESTS AND tests)
    add_executable(${name}_tests ${tests})
    pregon_unity_by_folder(${name}_tests ${tests})
    target_link_libraries(${name}_tests PRIVATE ${name} ${ARG_TEST_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
    target_compile_definitions(${name}_tests PRIVATE
      PREGON_TEST_FIXTURES="${CMAKE_SOURCE_DIR}/tests/fixtures" ${ARG_TEST_DEFINES})
    gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
  endif()
endfunction()

# pregon_embed_migrations(BACKEND DIR): generates a .cpp holding every DIR/NNNN_*.sql file as
# a string, in version order, and sets PREGON_MIGRATIONS_<BACKEND> to its path.
function(pregon_embed_migrations backend dir)
  file(GLOB sql CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql)
  set(out ${CMAKE_BINARY_DIR}/generated/migrations_${backend}.cpp)
  # A ';' in a COMMAND argument would split it: pass the list joined with '|' instead.
  string(REPLACE ";" "|" sql_arg "${sql}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DBACKEND=${backend} -DOUT=${out} "-DFILES=${sql_arg}"
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_migrations.cmake
    DEPENDS ${sql} ${CMAKE_SOURCE_DIR}/cmake/embed_migrations.cmake
    COMMENT "Embedding ${backend} migrations"
    VERBATIM)
  set(PREGON_MIGRATIONS_${backend} ${out} PARENT_SCOPE)
endfunction()

# pregon_embed_text(VAR FILE NAMESPACE SYMBOL): generates a .cpp defining
# `const char* const NAMESPACE::SYMBOL` holding FILE's text (e.g. the OpenAPI document), and
# sets VAR to its path, to be added to a library's sources.
function(pregon_embed_text var file namespace symbol)
  get_filename_component(base ${file} NAME_WE)
  set(out ${CMAKE_BINARY_DIR}/generated/embedded_${base}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DFILE=${file} -DOUT=${out} -DNAMESPACE=${namespace} -DSYMBOL=${symbol}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    DEPENDS ${file} ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    COMMENT "Embedding ${file}"
    VERBATIM)
  set(${var} ${out} PARENT_SCOPE)
endfunction()

# pregon_embed_web(VAR): generates a .cpp holding the admin UI's files — web/templates,
# web/i18n, web/static and the browser libraries npm installed in web/node_modules from
# web/package-lock.json (scripts/bootstrap runs `npm ci`) — so `pregon` stays one file; sets
# VAR to its path.
function(pregon_embed_web var)
  set(web ${CMAKE_SOURCE_DIR}/web)
  file(GLOB templates CONFIGURE_DEPENDS ${web}/templates/*.mustache)
  file(GLOB texts CONFIGURE_DEPENDS ${web}/i18n/*.json)
  file(GLOB own_static CONFIGURE_DEPENDS ${web}/static/*)
  set(npm_static
      static/htmx.min.js=${web}/node_modules/htmx.org/dist/htmx.min.js
      static/sse.min.js=${web}/node_modules/htmx-ext-sse/dist/sse.min.js
      static/pico.min.css=${web}/node_modules/@picocss/pico/css/pico.min.css
      static/uplot.min.js=${web}/node_modules/uplot/dist/uPlot.iife.min.js
      static/uplot.min.css=${web}/node_modules/uplot/dist/uPlot.min.css)
  set(entries ${npm_static})
  set(paths)
  foreach(entry ${npm_static})
    string(REGEX REPLACE "^[^=]*=" "" path ${entry})
    if(NOT EXISTS ${path})
      message(FATAL_ERROR "${path} is missing: run scripts/bootstrap (it runs `npm ci` in web/)")
    endif()
    list(APPEND paths ${path})
  endforeach()
  foreach(f ${templates} ${texts} ${own_static})
    file(RELATIVE_PATH name ${web} ${f})
    list(APPEND entries ${name}=${f})
    list(APPEND paths ${f})
  endforeach()
  set(out ${CMAKE_BINARY_DIR}/generated/web_files.cpp)
  string(REPLACE ";" "|" files_arg "${entries}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${files_arg}"
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_web.cmake
    DEPENDS ${paths} ${CMAKE_SOURCE_DIR}/cmake/embed_web.cmake
    COMMENT "Embedding the admin UI's files"
    VERBATIM)
  set(${var} ${out} PARENT_SCOPE)
endfunction()
