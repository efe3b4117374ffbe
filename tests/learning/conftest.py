from tests.oversight import oversight_data, responded_complaint, senior_lead

__all__ = ["oversight_data", "responded_complaint", "senior_lead"]
