%include "util"
