# Install and package (included at the end of CMakeLists.txt).
#   cmake --install build [--prefix DIR]: the program (bin/), its man page (share/man/man1/) and
#   its bash completion (share/bash-completion/completions/stackscope), GNUInstallDirs' places
#   under the prefix (DESTDIR honoured too).
#   cd build && cpack -G DEB: a Debian package of the same files for /usr, the binary stripped,
#   the man page gzipped, with the copyright and changelog files Debian asks for. Build it from a
#   release build (-DCMAKE_BUILD_TYPE=Release), not a sanitizer build.
include(GNUInstallDirs)

install(TARGETS stackscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/man/stackscope.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# bash-completion loads it by the command's name, from DATADIR/bash-completion/completions.
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/completions/stackscope.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME stackscope)

set(STACKSCOPE_DEB_MAINTAINER "stackscope maintainers <maintainers@users.noreply.b-seed-f5f6f9f6.example>"
    CACHE STRING "The Debian package's Maintainer field")

set(CPACK_PACKAGE_NAME stackscope)
set(CPACK_PACKAGE_VENDOR "stackscope")
set(CPACK_PACKAGE_CONTACT "${STACKSCOPE_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "raw-packet inspector and socket lesson demo")
set(CPACK_PACKAGE_DESCRIPTION
    "stackscope reads packets live (libpcap) or from pcap/pcapng files and shows
every field of their Ethernet, IPv4, IPv6, TCP, UDP, ICMP and ARP headers,
checksums verified: one line per packet, a layered tree, header diagrams, a
hex dump, JSON lines or a self-contained HTML page. It analyses TCP as tshark
does (retransmissions, duplicate ACKs, round-trip times), tells what each
packet means in its connection's life, lists conversations and follows a
stream's bytes.
.
'stackscope demo' runs a socket lesson's exchange on loopback and walks
through it call by call, packet by packet and layer by layer, in English or
French; without capture rights it shows the recorded run built into the
program.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/;/build[^/]*/")

set(CPACK_GENERATOR DEB) # cpack alone: the Debian package
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # stackscope_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${STACKSCOPE_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends from the libraries the binary links (libc6, libpcap0.8 on Debian 12), as
# dpkg-shlibdeps finds them; without dpkg-shlibdeps (dpkg-dev), the same names without versions.
find_program(DPKG_SHLIBDEPS_PROGRAM dpkg-shlibdeps)
if(DPKG_SHLIBDEPS_PROGRAM)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libpcap0.8")
endif()

# What Debian wants beyond the installed files: the man page gzipped (-9n), and
# usr/share/doc/stackscope/{copyright,changelog.gz}; done in the package's staging tree only.
string(TIMESTAMP STACKSCOPE_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/deb/changelog.in
               ${CMAKE_CURRENT_BINARY_DIR}/deb/changelog @ONLY)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/deb/copyright.in
               ${CMAKE_CURRENT_BINARY_DIR}/deb/copyright @ONLY)
set(STACKSCOPE_DEB_DOC_DIR ${CMAKE_CURRENT_BINARY_DIR}/deb)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/deb/stage.cmake.in
               ${CMAKE_CURRENT_BINARY_DIR}/deb/stage.cmake @ONLY)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_BINARY_DIR}/deb/stage.cmake)

include(CPack)
