# blobs: sources of fieldseal_server_core (paths relative to sync-server/).
