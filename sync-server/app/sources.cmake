# app: the server assembled from its parts, and the commands of main.cpp.
target_sources(fieldseal_server_core PRIVATE
  app/server_app.cpp app/server_app.h
  app/server_commands.cpp app/server_commands.h)
