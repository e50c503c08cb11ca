ldxw %r2, [%r1+0]
mov %r0, 0
jeq %r2, 0, d0
add %r0, 1
d0:
jeq %r2, 1, d1
add %r0, 1
d1:
jeq %r2, 2, d2
add %r0, 1
d2:
jeq %r2, 3, d3
add %r0, 1
d3:
jeq %r2, 4, d4
add %r0, 1
d4:
jeq %r2, 5, d5
add %r0, 1
d5:
jeq %r2, 6, d6
add %r0, 1
d6:
jeq %r2, 7, d7
add %r0, 1
d7:
jeq %r2, 8, d8
add %r0, 1
d8:
jeq %r2, 9, d9
add %r0, 1
d9:
jeq %r2, 10, d10
add %r0, 1
d10:
jeq %r2, 11, d11
add %r0, 1
d11:
jeq %r2, 12, d12
add %r0, 1
d12:
jeq %r2, 13, d13
add %r0, 1
d13:
jeq %r2, 14, d14
add %r0, 1
d14:
jeq %r2, 15, d15
add %r0, 1
d15:
jeq %r2, 16, d16
add %r0, 1
d16:
jeq %r2, 17, d17
add %r0, 1
d17:
jeq %r2, 18, d18
add %r0, 1
d18:
jeq %r2, 19, d19
add %r0, 1
d19:
jeq %r2, 20, d20
add %r0, 1
d20:
jeq %r2, 21, d21
add %r0, 1
d21:
jeq %r2, 22, d22
add %r0, 1
d22:
jeq %r2, 23, d23
add %r0, 1
d23:
jeq %r2, 24, d24
add %r0, 1
d24:
jeq %r2, 25, d25
add %r0, 1
d25:
jeq %r2, 26, d26
add %r0, 1
d26:
jeq %r2, 27, d27
add %r0, 1
d27:
jeq %r2, 28, d28
add %r0, 1
d28:
jeq %r2, 29, d29
add %r0, 1
d29:
jeq %r2, 30, d30
add %r0, 1
d30:
jeq %r2, 31, d31
add %r0, 1
d31:
jeq %r2, 32, d32
add %r0, 1
d32:
jeq %r2, 33, d33
add %r0, 1
d33:
jeq %r2, 34, d34
add %r0, 1
d34:
jeq %r2, 35, d35
add %r0, 1
d35:
jeq %r2, 36, d36
add %r0, 1
d36:
jeq %r2, 37, d37
add %r0, 1
d37:
jeq %r2, 38, d38
add %r0, 1
d38:
jeq %r2, 39, d39
add %r0, 1
d39:
jeq %r2, 40, d40
add %r0, 1
d40:
jeq %r2, 41, d41
add %r0, 1
d41:
jeq %r2, 42, d42
add %r0, 1
d42:
jeq %r2, 43, d43
add %r0, 1
d43:
jeq %r2, 44, d44
add %r0, 1
d44:
jeq %r2, 45, d45
add %r0, 1
d45:
jeq %r2, 46, d46
add %r0, 1
d46:
jeq %r2, 47, d47
add %r0, 1
d47:
jeq %r2, 48, d48
add %r0, 1
d48:
jeq %r2, 49, d49
add %r0, 1
d49:
jeq %r2, 50, d50
add %r0, 1
d50:
jeq %r2, 51, d51
add %r0, 1
d51:
jeq %r2, 52, d52
add %r0, 1
d52:
jeq %r2, 53, d53
add %r0, 1
d53:
jeq %r2, 54, d54
add %r0, 1
d54:
jeq %r2, 55, d55
add %r0, 1
d55:
jeq %r2, 56, d56
add %r0, 1
d56:
jeq %r2, 57, d57
add %r0, 1
d57:
jeq %r2, 58, d58
add %r0, 1
d58:
jeq %r2, 59, d59
add %r0, 1
d59:
jeq %r2, 60, d60
add %r0, 1
d60:
jeq %r2, 61, d61
add %r0, 1
d61:
jeq %r2, 62, d62
add %r0, 1
d62:
jeq %r2, 63, d63
add %r0, 1
d63:
jeq %r2, 64, d64
add %r0, 1
d64:
jeq %r2, 65, d65
add %r0, 1
d65:
jeq %r2, 66, d66
add %r0, 1
d66:
jeq %r2, 67, d67
add %r0, 1
d67:
jeq %r2, 68, d68
add %r0, 1
d68:
jeq %r2, 69, d69
add %r0, 1
d69:
jeq %r2, 70, d70
add %r0, 1
d70:
jeq %r2, 71, d71
add %r0, 1
d71:
jeq %r2, 72, d72
add %r0, 1
d72:
jeq %r2, 73, d73
add %r0, 1
d73:
jeq %r2, 74, d74
add %r0, 1
d74:
jeq %r2, 75, d75
add %r0, 1
d75:
jeq %r2, 76, d76
add %r0, 1
d76:
jeq %r2, 77, d77
add %r0, 1
d77:
jeq %r2, 78, d78
add %r0, 1
d78:
jeq %r2, 79, d79
add %r0, 1
d79:
jeq %r2, 80, d80
add %r0, 1
d80:
jeq %r2, 81, d81
add %r0, 1
d81:
jeq %r2, 82, d82
add %r0, 1
d82:
jeq %r2, 83, d83
add %r0, 1
d83:
jeq %r2, 84, d84
add %r0, 1
d84:
jeq %r2, 85, d85
add %r0, 1
d85:
jeq %r2, 86, d86
add %r0, 1
d86:
jeq %r2, 87, d87
add %r0, 1
d87:
jeq %r2, 88, d88
add %r0, 1
d88:
jeq %r2, 89, d89
add %r0, 1
d89:
jeq %r2, 90, d90
add %r0, 1
d90:
jeq %r2, 91, d91
add %r0, 1
d91:
jeq %r2, 92, d92
add %r0, 1
d92:
jeq %r2, 93, d93
add %r0, 1
d93:
jeq %r2, 94, d94
add %r0, 1
d94:
jeq %r2, 95, d95
add %r0, 1
d95:
jeq %r2, 96, d96
add %r0, 1
d96:
jeq %r2, 97, d97
add %r0, 1
d97:
jeq %r2, 98, d98
add %r0, 1
d98:
jeq %r2, 99, d99
add %r0, 1
d99:
jeq %r2, 100, d100
add %r0, 1
d100:
jeq %r2, 101, d101
add %r0, 1
d101:
jeq %r2, 102, d102
add %r0, 1
d102:
jeq %r2, 103, d103
add %r0, 1
d103:
jeq %r2, 104, d104
add %r0, 1
d104:
jeq %r2, 105, d105
add %r0, 1
d105:
jeq %r2, 106, d106
add %r0, 1
d106:
jeq %r2, 107, d107
add %r0, 1
d107:
jeq %r2, 108, d108
add %r0, 1
d108:
jeq %r2, 109, d109
add %r0, 1
d109:
jeq %r2, 110, d110
add %r0, 1
d110:
jeq %r2, 111, d111
add %r0, 1
d111:
jeq %r2, 112, d112
add %r0, 1
d112:
jeq %r2, 113, d113
add %r0, 1
d113:
jeq %r2, 114, d114
add %r0, 1
d114:
jeq %r2, 115, d115
add %r0, 1
d115:
jeq %r2, 116, d116
add %r0, 1
d116:
jeq %r2, 117, d117
add %r0, 1
d117:
jeq %r2, 118, d118
add %r0, 1
d118:
jeq %r2, 119, d119
add %r0, 1
d119:
jeq %r2, 120, d120
add %r0, 1
d120:
jeq %r2, 121, d121
add %r0, 1
d121:
jeq %r2, 122, d122
add %r0, 1
d122:
jeq %r2, 123, d123
add %r0, 1
d123:
jeq %r2, 124, d124
add %r0, 1
d124:
jeq %r2, 125, d125
add %r0, 1
d125:
jeq %r2, 126, d126
add %r0, 1
d126:
jeq %r2, 127, d127
add %r0, 1
d127:
jeq %r2, 128, d128
add %r0, 1
d128:
jeq %r2, 129, d129
add %r0, 1
d129:
jeq %r2, 130, d130
add %r0, 1
d130:
jeq %r2, 131, d131
add %r0, 1
d131:
jeq %r2, 132, d132
add %r0, 1
d132:
jeq %r2, 133, d133
add %r0, 1
d133:
jeq %r2, 134, d134
add %r0, 1
d134:
jeq %r2, 135, d135
add %r0, 1
d135:
jeq %r2, 136, d136
add %r0, 1
d136:
jeq %r2, 137, d137
add %r0, 1
d137:
jeq %r2, 138, d138
add %r0, 1
d138:
jeq %r2, 139, d139
add %r0, 1
d139:
jeq %r2, 140, d140
add %r0, 1
d140:
jeq %r2, 141, d141
add %r0, 1
d141:
jeq %r2, 142, d142
add %r0, 1
d142:
jeq %r2, 143, d143
add %r0, 1
d143:
jeq %r2, 144, d144
add %r0, 1
d144:
jeq %r2, 145, d145
add %r0, 1
d145:
jeq %r2, 146, d146
add %r0, 1
d146:
jeq %r2, 147, d147
add %r0, 1
d147:
jeq %r2, 148, d148
add %r0, 1
d148:
jeq %r2, 149, d149
add %r0, 1
d149:
jeq %r2, 150, d150
add %r0, 1
d150:
jeq %r2, 151, d151
add %r0, 1
d151:
jeq %r2, 152, d152
add %r0, 1
d152:
jeq %r2, 153, d153
add %r0, 1
d153:
jeq %r2, 154, d154
add %r0, 1
d154:
jeq %r2, 155, d155
add %r0, 1
d155:
jeq %r2, 156, d156
add %r0, 1
d156:
jeq %r2, 157, d157
add %r0, 1
d157:
jeq %r2, 158, d158
add %r0, 1
d158:
jeq %r2, 159, d159
add %r0, 1
d159:
jeq %r2, 160, d160
add %r0, 1
d160:
jeq %r2, 161, d161
add %r0, 1
d161:
jeq %r2, 162, d162
add %r0, 1
d162:
jeq %r2, 163, d163
add %r0, 1
d163:
jeq %r2, 164, d164
add %r0, 1
d164:
jeq %r2, 165, d165
add %r0, 1
d165:
jeq %r2, 166, d166
add %r0, 1
d166:
jeq %r2, 167, d167
add %r0, 1
d167:
jeq %r2, 168, d168
add %r0, 1
d168:
jeq %r2, 169, d169
add %r0, 1
d169:
jeq %r2, 170, d170
add %r0, 1
d170:
jeq %r2, 171, d171
add %r0, 1
d171:
jeq %r2, 172, d172
add %r0, 1
d172:
jeq %r2, 173, d173
add %r0, 1
d173:
jeq %r2, 174, d174
add %r0, 1
d174:
jeq %r2, 175, d175
add %r0, 1
d175:
jeq %r2, 176, d176
add %r0, 1
d176:
jeq %r2, 177, d177
add %r0, 1
d177:
jeq %r2, 178, d178
add %r0, 1
d178:
jeq %r2, 179, d179
add %r0, 1
d179:
jeq %r2, 180, d180
add %r0, 1
d180:
jeq %r2, 181, d181
add %r0, 1
d181:
jeq %r2, 182, d182
add %r0, 1
d182:
jeq %r2, 183, d183
add %r0, 1
d183:
jeq %r2, 184, d184
add %r0, 1
d184:
jeq %r2, 185, d185
add %r0, 1
d185:
jeq %r2, 186, d186
add %r0, 1
d186:
jeq %r2, 187, d187
add %r0, 1
d187:
jeq %r2, 188, d188
add %r0, 1
d188:
jeq %r2, 189, d189
add %r0, 1
d189:
jeq %r2, 190, d190
add %r0, 1
d190:
jeq %r2, 191, d191
add %r0, 1
d191:
jeq %r2, 192, d192
add %r0, 1
d192:
jeq %r2, 193, d193
add %r0, 1
d193:
jeq %r2, 194, d194
add %r0, 1
d194:
jeq %r2, 195, d195
add %r0, 1
d195:
jeq %r2, 196, d196
add %r0, 1
d196:
jeq %r2, 197, d197
add %r0, 1
d197:
jeq %r2, 198, d198
add %r0, 1
d198:
jeq %r2, 199, d199
add %r0, 1
d199:
mov %r0, 0
exit
