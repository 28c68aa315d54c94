# Turns files into C arrays at build time, byte for byte.
#   A text file as a C string constant (the page's CSS and JavaScript):
#     cmake -DINPUT=page.js -DOUTPUT=out.c -DNAME=html_page_js -P embed.cmake
#   The demo's recordings, DIR/capture.pcap and DIR/steps.tsv of each DIR ("|" between them),
#   in the table demo_recordings (src/demo/recordings.h), each named by its DIR's last part:
#     cmake -DRECORDINGS="captures/demo/exchange|captures/demo/udp" -DOUTPUT=out.c -P embed.cmake

# The bytes of path as C initialisers ("0x41,0x42,", twelve a line) in the variable out.
function(embed_bytes path out)
  file(READ "${path}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n"
         bytes "${bytes}")
  set(${out} "${bytes}" PARENT_SCOPE)
endfunction()

if(DEFINED RECORDINGS)
  string(REPLACE "|" ";" dirs "${RECORDINGS}")
  if(NOT dirs)
    message(FATAL_ERROR "no recording in captures/demo: the demo falls back to them")
  endif()
  set(arrays "")
  set(table "")
  set(i 0)
  foreach(dir IN LISTS dirs)
    get_filename_component(scenario "${dir}" NAME)
    foreach(part pcap steps)
      set(file "${dir}/capture.pcap")
      if(part STREQUAL "steps")
        set(file "${dir}/steps.tsv")
      endif()
      if(NOT EXISTS "${file}")
        message(FATAL_ERROR "the recording in ${dir} has no ${file}: record it again with "
                            "stackscope demo ${scenario} --record ${dir}")
      endif()
      embed_bytes("${file}" bytes)
      # A 0 after the last byte: no array is empty, and the length leaves it out.
      string(APPEND arrays "static const unsigned char rec${i}_${part}[] = {\n${bytes}0x00};\n")
    endforeach()
    string(APPEND table "    {\"${scenario}\", rec${i}_pcap, sizeof rec${i}_pcap - 1, "
                        "rec${i}_steps, sizeof rec${i}_steps - 1},\n")
    math(EXPR i "${i} + 1")
  endforeach()
  file(WRITE "${OUTPUT}" "/* Generated from the demo's recordings by cmake/embed.cmake: do not "
                         "edit. */\n#include \"recordings.h\"\n\n${arrays}\n"
                         "const struct demo_recording demo_recordings[] = {\n${table}};\n"
                         "const size_t demo_recording_count = ${i};\n")
else()
  embed_bytes("${INPUT}" bytes)
  file(WRITE "${OUTPUT}" "/* Generated from ${INPUT} by cmake/embed.cmake: do not edit. */\n#include <stddef.h>\nextern const unsigned char ${NAME}[];\nextern const size_t ${NAME}_len;\nconst unsigned char ${NAME}[] = {\n${bytes}0x00};\nconst size_t ${NAME}_len = sizeof ${NAME} - 1;\n")
endif()
