# aot_xip_image(): relocate wamrc's output for a firmware, after the firmware
# is linked, with the firmware's ELF as the symbol map.
#
#   include(path/to/aot-xip.cmake)
#   aot_xip_image(
#     TARGET    firmware                # the firmware executable target
#     INPUT     ${CMAKE_SOURCE_DIR}/app.aot   # what wamrc wrote
#     BASE      0x08040000              # flash address the image runs at
#     OUTPUT    ${CMAKE_BINARY_DIR}/app.hex
#     [FIRMWARE path/to/firmware.elf]   # default: $<TARGET_FILE:TARGET>
#     [FORMAT   aot|binary|ihex|srec|elf|c]   # default: aot (c: OUTPUT and its .h)
#     [LOAD_ADDRESS 0x00040000]         # bus alias the bytes are written through
#     [MAP path] [REPORT path]          # aot-xip --map / --report
#     [SYMBOLS extra maps...] [DEFSYM NAME=ADDR...]
#     [NAME custom-target-name])        # default: TARGET_xip
#
# It adds a custom target (built by default) whose command re-runs whenever the
# firmware is relinked or INPUT changes, so the image never goes stale: a
# firmware change that moves a native gives a new image with the new address.
# For FORMAT aot or binary it also adds NAME_check (not built by default), to
# run before flashing: `aot-xip check` of the image as it is against the
# firmware as it is now (relinked first if its sources changed; the image is
# not remade), which fails naming what moved if they no longer match.
# The aot-xip program is AOT_XIP_EXECUTABLE (found on PATH unless set);
# find_package(aot-xip) sets it to the installed one and includes this file.

if(NOT AOT_XIP_EXECUTABLE)
  find_program(AOT_XIP_EXECUTABLE aot-xip REQUIRED)
endif()

function(aot_xip_image)
  cmake_parse_arguments(ARG ""
    "TARGET;INPUT;BASE;OUTPUT;FIRMWARE;FORMAT;LOAD_ADDRESS;MAP;REPORT;NAME"
    "SYMBOLS;DEFSYM" ${ARGN})
  foreach(required TARGET INPUT BASE OUTPUT)
    if(NOT ARG_${required})
      message(FATAL_ERROR "aot_xip_image: ${required} is required")
    endif()
  endforeach()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "aot_xip_image: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_FIRMWARE)
    set(ARG_FIRMWARE $<TARGET_FILE:${ARG_TARGET}>)
  endif()
  if(NOT ARG_NAME)
    set(ARG_NAME ${ARG_TARGET}_xip)
  endif()

  set(maps --symbols ${ARG_FIRMWARE})   # the symbols, for the image and its check
  foreach(map IN LISTS ARG_SYMBOLS)
    list(APPEND maps --symbols ${map})
  endforeach()
  foreach(def IN LISTS ARG_DEFSYM)
    list(APPEND maps --defsym ${def})
  endforeach()
  set(args ${ARG_INPUT} --base ${ARG_BASE} ${maps})
  set(outputs ${ARG_OUTPUT})
  if(ARG_FORMAT)
    list(APPEND args -O ${ARG_FORMAT})
    if(ARG_FORMAT STREQUAL "c")   # the header: OUTPUT with .c replaced by .h, or .h added
      string(REGEX REPLACE "\\.c$" "" header ${ARG_OUTPUT})
      list(APPEND outputs ${header}.h)
    endif()
  endif()
  if(ARG_LOAD_ADDRESS)
    list(APPEND args --load-address ${ARG_LOAD_ADDRESS})
  endif()
  if(ARG_MAP)
    list(APPEND args --map ${ARG_MAP})
    list(APPEND outputs ${ARG_MAP})
  endif()
  if(ARG_REPORT)
    list(APPEND args --report ${ARG_REPORT})
    list(APPEND outputs ${ARG_REPORT})
  endif()
  list(APPEND args -o ${ARG_OUTPUT})

  # DEPENDS on the executable target: a target-level dependency and a
  # file-level one on its output, so relinking the firmware re-runs this.
  add_custom_command(OUTPUT ${outputs}
    COMMAND ${AOT_XIP_EXECUTABLE} ${args}
    DEPENDS ${ARG_INPUT} ${ARG_TARGET} ${ARG_SYMBOLS}
    COMMENT "aot-xip: relocating ${ARG_INPUT} for ${ARG_TARGET} at ${ARG_BASE}"
    VERBATIM)
  add_custom_target(${ARG_NAME} ALL DEPENDS ${outputs})

  # check reads .aot bytes, which -O binary writes too. The firmware target is
  # a dependency, the image deliberately not: a stale image fails the check.
  if(NOT ARG_FORMAT OR ARG_FORMAT STREQUAL "aot" OR ARG_FORMAT STREQUAL "binary")
    add_custom_target(${ARG_NAME}_check
      COMMAND ${AOT_XIP_EXECUTABLE} check ${ARG_OUTPUT} ${maps} --input ${ARG_INPUT}
      COMMENT "aot-xip: checking ${ARG_OUTPUT} against ${ARG_TARGET}"
      VERBATIM)
    add_dependencies(${ARG_NAME}_check ${ARG_TARGET})
  endif()
endfunction()
