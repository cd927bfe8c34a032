#pragma once
// Demo content for the supervisor's pages without a server (the screenshot tour, page tests):
// two inspectors' tablets are simulated with real AppControllers in a scratch folder — insp.wang
// completes the e-bike inspection (answers, evidence, both signatures) and submits it, while
// insp.li, offline, edits the findings of the copy he pulled before the submission. Their ops
// are then merged into the supervisor's replica, exactly as a sync would deliver them: the
// supervisor's queue shows the submitted inspection and li's late edit is kept as a conflict.
// The supervisor's store must be an offline demo store of district 310115 (sup.pudong).

#include <QString>

namespace fieldseal::app {

class AppController;

// An error message, or empty on success. Running it twice adds nothing new.
QString prepareReviewDemo(AppController& supervisor, const QString& scratchDir);

} // namespace fieldseal::app
