# Install rules — `make install` (prefix /usr/local) and the Debian package of `make deb`
# (prefix /usr, built by CPack from these same rules):
#   bin/pregon                          the one binary (migrations, OpenAPI and UI inside)
#   <systemd>/pregon-serve.service,     the units (deploy/), naming the installed binary
#   <systemd>/pregon-worker@.service
#   share/pregon/                       pregon.env.example, nginx/pregon.conf, monitoring/
#   share/doc/pregon/                   README, docs/, copyright, changelog
# The package's maintainer scripts (deploy/debian/) create the pregon user, /var/lib/pregon
# (0750) and /etc/pregon/pregon.env (0640, from the example, never overwritten).
include(GNUInstallDirs)

file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/deploy)  # the generated man page and changelog
set(PREGON_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/pregon)
set(PREGON_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/pregon)

install(TARGETS pregon RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

# The units in deploy/ name /usr/bin/pregon (the package's path): written at install time
# for the prefix installed to. Debian 12 keeps packaged units in /lib/systemd/system; a local
# install uses its prefix's lib/systemd/system, which systemd also reads for /usr/local.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL /usr)
    set(units \"\$ENV{DESTDIR}/lib/systemd/system\")
  else()
    set(units \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\")
  endif()
  foreach(unit pregon-serve.service pregon-worker@.service)
    file(READ ${CMAKE_SOURCE_DIR}/deploy/\${unit} text)
    string(REPLACE /usr/bin/pregon \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/pregon\"
           text \"\${text}\")
    message(STATUS \"Installing: \${units}/\${unit}\")
    file(WRITE \"\${units}/\${unit}\" \"\${text}\")
  endforeach()" COMPONENT runtime)

install(FILES deploy/pregon.env.example DESTINATION ${PREGON_SHARE_DIR} COMPONENT runtime)
install(FILES deploy/nginx/pregon.conf DESTINATION ${PREGON_SHARE_DIR}/nginx COMPONENT runtime)
install(DIRECTORY deploy/monitoring/ DESTINATION ${PREGON_SHARE_DIR}/monitoring COMPONENT runtime
        FILES_MATCHING PATTERN "*.yml" PATTERN "*.json")

install(FILES README.md deploy/debian/copyright DESTINATION ${PREGON_DOC_DIR} COMPONENT runtime)
install(FILES deploy/debian/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME pregon COMPONENT runtime)
install(DIRECTORY docs/ DESTINATION ${PREGON_DOC_DIR}/docs COMPONENT runtime
        FILES_MATCHING PATTERN "*.md")
# The manual page, from `pregon --help` (help2man, where installed: make deb needs it).
find_program(HELP2MAN help2man)
if(HELP2MAN AND NOT PREGON_SANITIZE AND NOT PREGON_TSAN)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/deploy/pregon.1.gz
    COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C.UTF-8 ${HELP2MAN} -N -o ${CMAKE_BINARY_DIR}/deploy/pregon.1
            -n "durable campaign dispatch: bulk e-mail and Telegram broadcasts" $<TARGET_FILE:pregon>
    COMMAND gzip -n -9 -f ${CMAKE_BINARY_DIR}/deploy/pregon.1
    DEPENDS pregon VERBATIM)
  add_custom_target(pregon_man ALL DEPENDS ${CMAKE_BINARY_DIR}/deploy/pregon.1.gz)
  install(FILES ${CMAKE_BINARY_DIR}/deploy/pregon.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
          COMPONENT runtime)
endif()

# Debian wants the changelog compressed, reproducibly (no name or time in the gzip header).
configure_file(deploy/debian/changelog.in ${CMAKE_BINARY_DIR}/deploy/changelog @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/deploy/changelog.gz
                   COMMAND gzip -n -9 -c ${CMAKE_BINARY_DIR}/deploy/changelog
                           > ${CMAKE_BINARY_DIR}/deploy/changelog.gz
                   DEPENDS ${CMAKE_BINARY_DIR}/deploy/changelog)
add_custom_target(pregon_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/deploy/changelog.gz)
install(FILES ${CMAKE_BINARY_DIR}/deploy/changelog.gz DESTINATION ${PREGON_DOC_DIR}
        COMPONENT runtime)

# `make install` (not the package, whose postinst does it as the pregon user's group) also
# puts the settings file in place when there is none.
install(CODE "
  set(dir \"\$ENV{DESTDIR}/etc/pregon\")  # where the units' EnvironmentFile= looks
  if(NOT EXISTS \"\${dir}/pregon.env\")
    message(STATUS \"Creating: \${dir}/pregon.env (0640; set PREGON_SECRET_KEY and DATABASE_URL)\")
    file(MAKE_DIRECTORY \"\${dir}\")
    configure_file(${CMAKE_SOURCE_DIR}/deploy/pregon.env.example \"\${dir}/pregon.env\" COPYONLY)
    file(CHMOD \"\${dir}/pregon.env\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
  endif()" COMPONENT local-config)

# make deb: the runtime component only, as a Debian package whose dependencies are the
# runtime libraries the binary links (dpkg-shlibdeps) plus adduser for the postinst.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pregon)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pregon maintainers <maintainers@pregon.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "self-hosted campaign dispatch server (e-mail and Telegram)")
set(CPACK_PACKAGE_DESCRIPTION
    "pregon sends bulk e-mail (relay HTTP API, SMTP) and Telegram bot campaigns,\n\
now or at a scheduled time, in batches under rate limits, without losing or\n\
doubling a message when a process dies. It fetches and loads the provider's\n\
reports, tracks opens, clicks and one-click unsubscribes, and has a REST API,\n\
an admin UI and a CLI, on SQLite or PostgreSQL.")
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};pregon;runtime;/")
set(CPACK_SET_DESTDIR ON)  # install(CODE) above sees the real prefix, /usr
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS adduser)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/deploy/debian/postinst
    ${CMAKE_SOURCE_DIR}/deploy/debian/prerm ${CMAKE_SOURCE_DIR}/deploy/debian/postrm)
include(CPack)
