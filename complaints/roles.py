"""The roles of domain.md, held as Django groups."""

OFFICER = "Complaints officers"
SENIOR_MANAGER = "Senior managers"
BOARD = "Board and MRC members"
STAFF = "Staff"
ADMINISTRATOR = "System administrators"

ALL = [OFFICER, SENIOR_MANAGER, BOARD, STAFF, ADMINISTRATOR]
