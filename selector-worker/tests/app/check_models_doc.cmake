# cmake -DWORKER=<selector-worker> -DDOC=<docs/MODELS.md> -P check_models_doc.cmake
# Fails when DOC is not what `selector-worker models` prints (the catalog changed).
execute_process(COMMAND ${WORKER} models OUTPUT_VARIABLE printed RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "selector-worker models exited with ${code}")
endif()
file(READ ${DOC} current)
if(NOT printed STREQUAL current)
  message(FATAL_ERROR "${DOC} is not current; regenerate it with:\n"
                      "  ${WORKER} models > ${DOC}")
endif()
