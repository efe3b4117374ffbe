"""The roles of domain.md, held as Django groups."""

OFFICER = "Complaints officers"
SENIOR_MANAGER = "Senior managers"
# Code 9.4: sees themes and trends across every case, without handling them.
SENIOR_LEAD = "Senior leads for complaints"
BOARD = "Board and MRC members"
STAFF = "Staff"
ADMINISTRATOR = "System administrators"

ALL = [OFFICER, SENIOR_MANAGER, SENIOR_LEAD, BOARD, STAFF, ADMINISTRATOR]
