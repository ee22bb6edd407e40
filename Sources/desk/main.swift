import CNCursesW
import DeskUI
print("desk")
