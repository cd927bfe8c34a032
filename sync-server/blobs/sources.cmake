# blobs: sources of fieldseal_server_core (paths relative to sync-server/), with the SQLite blob store.
target_sources(fieldseal_server_core PRIVATE
  blobs/blob_store.h
  blobs/blob_files.cpp blobs/blob_files.h
  blobs/aligned_block.h
  blobs/block_writer.cpp blobs/block_writer.h
  blobs/upload_file.cpp blobs/upload_file.h
  blobs/blob_service.cpp blobs/blob_service.h
  blobs/blob_routes.cpp blobs/blob_routes.h
  storage/sqlite_blob_store.cpp storage/sqlite_blob_store.h)
